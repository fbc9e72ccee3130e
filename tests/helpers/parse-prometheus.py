#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Parses Prometheus text from stdin with the reference client library (python3-prometheus-client)
# and prints its families as JSON: {name: {"type": …, "samples": [[name, labels, value], …]}}.
# A malformed exposition makes the parser raise, and this script exit 1 with the reason.
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    families = {}
    for family in text_string_to_metric_families(sys.stdin.read()):
        families[family.name] = {
            "type": family.type,
            "samples": [[s.name, s.labels, s.value] for s in family.samples],
        }
except Exception as error:  # the parser's errors have no common base class
    print(f"invalid Prometheus text: {error}", file=sys.stderr)
    sys.exit(1)
json.dump(families, sys.stdout)
