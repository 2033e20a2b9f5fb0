#!/usr/bin/env python3
"""Checks that the objects of each rendered manifest file find each other, which schema validation cannot
see: the Service, PodDisruptionBudget and NetworkPolicy select the Deployment's pods, the ServiceMonitor
selects the Service and scrapes /metrics on one of its ports, the HPA scales the Deployment, the Ingress
routes to the Service's port, and the probes hit the container's port.

Usage: check_wiring.py RENDERED.yaml...
"""
import sys

import yaml


def selects(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def match_labels(o, *path):
    """The matchLabels at spec.<path>.matchLabels, or {} when any step is missing."""
    node = o.get("spec", {})
    for step in path:
        node = node.get(step) or {}
    return node.get("matchLabels") or {}


def check(path):
    with open(path) as file:
        objects = [o for o in yaml.safe_load_all(file) if o]
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)
    problems = []
    (deployment,) = by_kind["Deployment"]
    (service,) = by_kind["Service"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    if not selects(match_labels(deployment, "selector"), pod_labels):
        problems.append("the Deployment's selector does not match its own pods")
    if not selects(service["spec"]["selector"], pod_labels):
        problems.append("the Service does not select the Deployment's pods")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container_ports = {p["name"] for p in container["ports"]} | {p["containerPort"] for p in container["ports"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        action = container[probe].get("httpGet") or container[probe].get("grpc")
        if action is None or action["port"] not in container_ports:
            problems.append(f"the {probe} targets a port the container does not have")
    service_ports = {p["name"] for p in service["spec"]["ports"]} | {p["port"] for p in service["spec"]["ports"]}
    for o in by_kind.get("PodDisruptionBudget", []):
        if not selects(match_labels(o, "selector"), pod_labels):
            problems.append("the PodDisruptionBudget does not select the pods")
    for o in by_kind.get("NetworkPolicy", []):
        if not selects(match_labels(o, "podSelector"), pod_labels):
            problems.append("the NetworkPolicy does not select the pods")
    for o in by_kind.get("HorizontalPodAutoscaler", []):
        if o["spec"]["scaleTargetRef"]["name"] != deployment["metadata"]["name"]:
            problems.append("the HPA scales another Deployment")
    for o in by_kind.get("ServiceMonitor", []):
        if not selects(match_labels(o, "selector"), service["metadata"]["labels"]):
            problems.append("the ServiceMonitor does not select the Service")
        if any(e["port"] not in service_ports or e.get("path") != "/metrics" for e in o["spec"]["endpoints"]):
            problems.append("the ServiceMonitor does not scrape /metrics on a port of the Service")
    for o in by_kind.get("Ingress", []):
        for rule in o["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                backend = p["backend"]["service"]
                port = backend["port"].get("name", backend["port"].get("number"))
                if backend["name"] != service["metadata"]["name"] or port not in service_ports:
                    problems.append(f"the Ingress path {p['path']} does not reach the Service's port")
    return problems


def main(paths):
    failed = False
    for path in paths:
        for problem in check(path):
            print(f"check-wiring: {path}: {problem}", file=sys.stderr)
            failed = True
    if failed:
        sys.exit(1)
    print(f"check-wiring: the objects of {len(paths)} renderings find each other")


if __name__ == "__main__":
    main(sys.argv[1:])
