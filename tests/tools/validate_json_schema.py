"""Validates JSON files against a JSON schema (with format checks).

Usage: validate_json_schema.py SCHEMA FILE...
Prints one line per error and exits 1 when a file is invalid, 0 when all are valid.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    status = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            instance = json.load(f)
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path))):
            print(f"{path}: /{'/'.join(map(str, error.path))}: {error.message}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
