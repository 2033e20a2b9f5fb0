#!/usr/bin/env python3
"""The Helm chart's checks of make test, with Helm's own Go SDK (helm-python-sdk; no helm binary):
lint (strict) and render for the default values and for every documented toggle, the schema refusing
unknown or wrong values, and each rendering handed to kubernetes-validate and checkov (by check-deploy.sh).

The ArgoCD application (deploy/argocd/application.yaml) must point at the chart, and its values are one
more case.

Usage: check_helm.py CHART OUTPUT_DIR   (writes one YAML file per case into OUTPUT_DIR)
"""
import os
import sys

import helm_python as helm
import yaml

# Each toggle the README and values.yaml document, with the kinds it must add (+) or remove (-).
CASES = {
    "defaults": ({}, {"Deployment", "Service", "Ingress", "PodDisruptionBudget", "NetworkPolicy"}, {"HorizontalPodAutoscaler", "ServiceMonitor"}),
    "no-ingress": ({"ingress": {"enabled": False}}, set(), {"Ingress"}),
    "ingress-tls": ({"ingress": {"enabled": True, "host": "jokemeter.example", "tlsSecretName": "jokemeter-tls"}}, {"Ingress"}, set()),
    "autoscaling": ({"autoscaling": {"enabled": True, "minReplicas": 3, "maxReplicas": 9}}, {"HorizontalPodAutoscaler"}, set()),
    "no-pdb": ({"podDisruptionBudget": {"enabled": False}}, set(), {"PodDisruptionBudget"}),
    "service-monitor": ({"serviceMonitor": {"enabled": True, "labels": {"release": "kube-prometheus-stack"}}}, {"ServiceMonitor"}, set()),
    "no-network-policy": ({"networkPolicy": {"enabled": False}}, set(), {"NetworkPolicy"}),
    "grpc-probes-and-ingress": (
        {"probes": {"protocol": "grpc"}, "ingress": {"enabled": True, "grpc": {"enabled": True, "host": "grpc.jokemeter.example"}},
         "grpc": {"maxMessageBytes": 8388608, "maxConcurrentStreams": 50}},
        {"Deployment", "Ingress"}, set()),
    "traffic-policy": (
        {"routing": {"weights": {"lr": 90, "tr": 10}, "shadowModel": "tr"}, "admin": {"existingSecret": "jokemeter-admin"},
         "modelExecution": "emb: threads=1 queue=32", "docsAssetsUrl": "https://mirror.example/swagger-ui"},
        {"Deployment"}, set()),
    "versions-canaried": (
        {"pins": {"lr": "1.0.0"}, "routing": {"weights": {"lr@1.0.0": 90, "lr@1.1.0": 10}, "shadowModel": "lr@1.1.0"}},
        {"Deployment"}, set()),
    "tr-default-pinned": (
        {"defaultModel": "tr", "modelHeader": "X-Joke-Model", "image": {"digest": "sha256:" + "a" * 64, "pullPolicy": "Always"}},
        {"Deployment"}, set()),
}

# Values the schema must refuse, each with the reason.
REFUSED = {
    "an unknown key": {"replicas": 3},
    "an unknown nested key": {"ingress": {"enabled": True, "hosts": ["a"]}},
    "a pull policy Kubernetes does not know": {"image": {"pullPolicy": "Sometimes"}},
    "a digest that is not sha256": {"image": {"digest": "latest"}},
    "a header name with a space": {"modelHeader": "X Model"},
    "a routing weight that is not a whole number": {"routing": {"weights": {"lr": "ninety"}}},
    "a model name that would break ROUTING_WEIGHTS": {"routing": {"weights": {"lr,tr": 1}}},
    "a docs assets URL that is neither http(s) nor a path": {"docsAssetsUrl": "ftp://mirror.example/swagger-ui"},
    "a pinned version that is not a string": {"pins": {"lr": 1.0}},
    "a pin that names a version in its name": {"pins": {"lr@1.0.0": "1.0.0"}},
    "a request log level the server does not know": {"logging": {"requestLevel": "loud"}},
    "a probe protocol the chart does not know": {"probes": {"protocol": "tcp"}},
    "a gRPC message limit that is not a whole number": {"grpc": {"maxMessageBytes": "4MiB", "maxConcurrentStreams": 100}},
}


# Environment the container must get in a case: the traffic policy kept in values reaches the process.
EXPECTED_ENV = {
    "traffic-policy": {
        "ROUTING_WEIGHTS": {"value": "lr:90,tr:10"},
        "SHADOW_MODEL": {"value": "tr"},
        "MODEL_EXECUTION": {"value": "emb: threads=1 queue=32"},
        "DOCS_ASSETS_URL": {"value": "https://mirror.example/swagger-ui"},
        "ADMIN_TOKEN_FILE": {"value": "/var/run/secrets/jokemeter-admin/token"},
    },
    "versions-canaried": {
        "MODEL_PINS": {"value": "lr=1.0.0"},
        "ROUTING_WEIGHTS": {"value": "lr@1.0.0:90,lr@1.1.0:10"},
        "SHADOW_MODEL": {"value": "lr@1.1.0"},
    },
    "grpc-probes-and-ingress": {"GRPC_MAX_MESSAGE_BYTES": {"value": "8388608"}, "GRPC_MAX_CONCURRENT_STREAMS": {"value": "50"}},
    "defaults": {"ROUTING_WEIGHTS": None, "MODEL_PINS": None, "SHADOW_MODEL": None, "MODEL_EXECUTION": None, "DOCS_ASSETS_URL": None, "ADMIN_TOKEN_FILE": None,
                 "MAX_BATCH_SIZE": {"value": "64"}, "REQUEST_LOG_LEVEL": {"value": "info"}},
}


def container_env(manifests):
    """The Deployment's first container's environment, by name."""
    for text in manifests:
        for document in yaml.safe_load_all(text):
            if document and document.get("kind") == "Deployment":
                container = document["spec"]["template"]["spec"]["containers"][0]
                return {item["name"]: {k: v for k, v in item.items() if k != "name"} for item in container.get("env", [])}
    return {}


def fail(message):
    print(f"check-helm: {message}", file=sys.stderr)
    sys.exit(1)


def kinds(manifests):
    return {line.split(":", 1)[1].strip() for text in manifests for line in text.splitlines() if line.startswith("kind:")}


def argocd_case(chart_path):
    """The ArgoCD application's values, after checking that it deploys this chart."""
    with open(ARGOCD_APPLICATION) as file:
        application = yaml.safe_load(file)
    source = application["spec"]["source"]
    if os.path.normpath(source["path"]) != os.path.normpath(chart_path):
        fail(f"{ARGOCD_APPLICATION} deploys {source['path']}, not {chart_path}")
    return (source["helm"]["valuesObject"], {"Deployment"}, set())


ARGOCD_APPLICATION = "deploy/argocd/application.yaml"


def main(chart_path, output_dir):
    chart = helm.Chart.load(chart_path)
    cases = dict(CASES, argocd=argocd_case(chart_path))
    for name, (values, present, absent) in cases.items():
        report = helm.lint(chart_path, values, strict=True, namespace="jokemeter")
        problems = [m for m in report["messages"] if m["severity"] >= 2] + [{"error": e} for e in report["errors"]]
        if problems:
            fail(f"{name}: lint: {problems}")
        rendered = chart.render(values, name="jokemeter", namespace="jokemeter", is_install=True)
        manifests = [text for path, text in sorted(rendered.items()) if path.endswith(".yaml") and text.strip()]
        found = kinds(manifests)
        if not present <= found or found & absent:
            fail(f"{name}: renders {sorted(found)}; expected {sorted(present)} and none of {sorted(absent)}")
        notes = rendered.get("jokemeter/templates/NOTES.txt", "")
        if "curl" not in notes or "port-forward" not in notes:
            fail(f"{name}: NOTES.txt does not show the curl commands")
        env = container_env(manifests)
        for variable, expected in EXPECTED_ENV.get(name, {}).items():
            if env.get(variable) != expected:
                fail(f"{name}: {variable} is {env.get(variable)}, expected {expected}")
        with open(os.path.join(output_dir, f"{name}.yaml"), "w") as out:
            out.write("\n---\n".join(manifests))
        print(f"check-helm: {name} lints and renders {', '.join(sorted(found))}")
    for reason, values in REFUSED.items():
        try:
            chart.validate_schema(values)
        except helm.HelmValuesError:
            continue
        fail(f"the schema accepts {reason}: {values}")
    print(f"check-helm: the schema refuses all {len(REFUSED)} wrong values")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail("usage: check_helm.py CHART OUTPUT_DIR")
    main(sys.argv[1], sys.argv[2])
