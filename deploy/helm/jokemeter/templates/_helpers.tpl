{{/* The release's resource name: the release name, or release-chart when they differ. */}}
{{- define "jokemeter.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the release's pods. */}}
{{- define "jokemeter.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Every object's labels. */}}
{{- define "jokemeter.labels" -}}
{{ include "jokemeter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: model-server
app.kubernetes.io/part-of: jokemeter
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The image reference: by digest when one is given, else by tag. */}}
{{- define "jokemeter.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
{{- end -}}

{{/* ROUTING_WEIGHTS from the routing.weights map: "lr:90,tr:10", sorted by name. */}}
{{- define "jokemeter.routingWeights" -}}
{{- $pairs := list -}}
{{- range $model, $weight := . -}}
{{- $pairs = append $pairs (printf "%s:%d" $model (int $weight)) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/* MODEL_PINS from the pins map: "lr=1.0.0,tr=2.0.0", sorted by name. */}}
{{- define "jokemeter.pins" -}}
{{- $pairs := list -}}
{{- range $model, $version := . -}}
{{- $pairs = append $pairs (printf "%s=%v" $model $version) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/*
A probe's action: (list PROTOCOL HTTP_PATH GRPC_SERVICE) gives httpGet on the http port, or grpc on the grpc port
asking grpc.health.v1 for that service.
*/}}
{{- define "jokemeter.probe" -}}
{{- $protocol := index . 0 -}}
{{- if eq $protocol "grpc" -}}
grpc:
  port: 8001
  service: {{ index . 2 | quote }}
{{- else -}}
httpGet:
  path: {{ index . 1 }}
  port: http
{{- end -}}
{{- end }}
