#!/usr/bin/env python3
"""Writes the jokes of a CSV as perf_analyzer's --input-data: one joke per request, input "text", shape [1].

usage: jokes_to_perf_input.py CSV OUT.json [--limit N] [--text-column text]
perf_analyzer sends the entries in turn (the first N jokes; all when N is 0). Standard library only.
"""
import argparse
import csv
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("out")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--text-column", default="text")
    arguments = parser.parse_args()
    with open(arguments.csv, newline="", encoding="utf-8") as source:
        texts = [row[arguments.text_column] for row in csv.DictReader(source) if row[arguments.text_column].strip()]
    if arguments.limit > 0:
        texts = texts[: arguments.limit]
    entries = [{"text": {"content": [text], "shape": [1]}} for text in texts]
    with open(arguments.out, "w", encoding="utf-8") as out:
        json.dump({"data": entries}, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
