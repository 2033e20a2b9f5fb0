#!/usr/bin/env python3
"""Writes the jokes of a CSV as a Lua table of ready JSON request bodies, for wrk.

usage: jokes_to_lua.py CSV OUT.lua [--text-column text]
Each entry is the JSON text of the joke (quotes included); non-ASCII bytes are written as Lua decimal
escapes, so the Lua side only concatenates. Standard library only.
"""
import argparse
import csv
import json


def lua_string(text):
    escaped = []
    for byte in text.encode("utf-8"):
        escaped.append(chr(byte) if 32 <= byte < 127 and byte not in (34, 92) else "\\%03d" % byte)
    return '"' + "".join(escaped) + '"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("out")
    parser.add_argument("--text-column", default="text")
    arguments = parser.parse_args()
    with open(arguments.csv, newline="", encoding="utf-8") as source:
        texts = [row[arguments.text_column] for row in csv.DictReader(source) if row[arguments.text_column].strip()]
    with open(arguments.out, "w", encoding="ascii") as out:
        out.write("return {\n")
        for text in texts:
            out.write("  " + lua_string(json.dumps(text, ensure_ascii=False)) + ",\n")
        out.write("}\n")


if __name__ == "__main__":
    main()
