#!/usr/bin/env bash
# The deployment checks of make test: every kustomize overlay renders (kubectl kustomize); the Helm chart
# lints and renders for its defaults and every documented toggle (scripts/check_helm.py, Helm's Go SDK);
# every rendered object validates against the Kubernetes schemas (kubernetes-validate --strict); the objects
# find each other (selectors, ports, names: scripts/check_wiring.py); checkov
# finds no failed check that is not skipped with a reason in an annotation; hadolint passes the Dockerfile;
# the ArgoCD application and the Grafana dashboard parse; ArgoCD's own ingress renders and validates.
# Installs its Python tools (deploy/checks-requirements.txt) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v kubectl >/dev/null || { echo "check-deploy: kubectl is needed to render deploy/k8s (kubectl kustomize)" >&2; exit 1; }
if ! command -v kubernetes-validate >/dev/null || ! command -v checkov >/dev/null || ! command -v hadolint >/dev/null \
    || ! python3 -c "import helm_python, yaml" 2>/dev/null; then
    python3 -m pip install -q -r deploy/checks-requirements.txt
fi

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT

for overlay in deploy/k8s/overlays/*/; do
    name=$(basename "$overlay")
    kubectl kustomize "$overlay" >"$rendered/$name.yaml"
    # Every kind the base holds must be there; a kind the schemas do not know (the ServiceMonitor CRD) only warns.
    for kind in Namespace NetworkPolicy Deployment Service Ingress HorizontalPodAutoscaler PodDisruptionBudget ServiceMonitor; do
        grep -q "^kind: $kind$" "$rendered/$name.yaml" || { echo "check-deploy: $name renders no $kind" >&2; exit 1; }
    done
    kubernetes-validate --strict --quiet "$rendered/$name.yaml"
    echo "check-deploy: $name renders and validates"
done

# ArgoCD's own ingress (the original's argocd-ingress.yaml): a folder of its own, since its backend is ArgoCD's
# argocd-server, not one of ours, which the wiring check would look for.
mkdir "$rendered/argocd"
kubectl kustomize deploy/argocd/ingress >"$rendered/argocd/ingress.yaml"
python3 - "$rendered/argocd/ingress.yaml" <<'PY'
import sys, yaml
(ingress,) = list(yaml.safe_load_all(open(sys.argv[1])))
annotations = ingress["metadata"]["annotations"]
assert ingress["kind"] == "Ingress" and ingress["metadata"]["namespace"] == "argocd", ingress["metadata"]
assert annotations["nginx.ingress.kubernetes.io/ssl-passthrough"] == "true", "TLS must pass through to argocd-server"
(rule,) = ingress["spec"]["rules"]
assert rule["host"] == "argocd.myk8s.io", rule["host"]
assert rule["http"]["paths"][0]["backend"]["service"] == {"name": "argocd-server", "port": {"name": "https"}}
PY
kubernetes-validate --strict --quiet "$rendered/argocd/ingress.yaml"
echo "check-deploy: the ArgoCD ingress renders (host argocd.myk8s.io, TLS passed through) and validates"

mkdir "$rendered/helm"
python3 scripts/check_helm.py deploy/helm/jokemeter "$rendered/helm"
kubernetes-validate --strict --quiet "$rendered"/helm/*.yaml
echo "check-deploy: every rendering of the chart validates"

python3 scripts/check_wiring.py "$rendered"/*.yaml "$rendered"/helm/*.yaml

checkov --quiet --compact --skip-download --framework kubernetes --directory "$rendered"
echo "check-deploy: checkov passed the rendered manifests (kustomize and Helm)"
checkov --quiet --compact --skip-download --framework dockerfile --file deploy/Dockerfile
echo "check-deploy: checkov passed deploy/Dockerfile"
hadolint deploy/Dockerfile
echo "check-deploy: hadolint passed deploy/Dockerfile"
