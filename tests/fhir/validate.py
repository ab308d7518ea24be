"""Validates a FHIR R4 Bundle with two independent validators.

usage: validate.py BUNDLE.json FHIR_SCHEMA.json

- fhir.resources 6.4.0 (pydantic models of FHIR 4.0.1): the Bundle, and each
  entry's resource on its own (the Bundle model does not check nested ones);
- the FHIR R4 JSON schema (draft 6): each entry's resource against its type's
  definition, and the Bundle with its resources taken out (whole Bundles
  through the schema's resource union are very slow).
Neither checks everything (the models skip code enums, the schema required
primitives such as status), so both run.
"""

from __future__ import annotations

import copy
import json
import sys

from fhir.resources import construct_fhir_element
from jsonschema import Draft6Validator


def main() -> None:
    bundle = json.loads(open(sys.argv[1]).read())
    schema = json.loads(open(sys.argv[2]).read())
    errors: list[str] = []
    resources = [e["resource"] for e in bundle["entry"]]
    for r in [bundle, *resources]:
        try:
            construct_fhir_element(r["resourceType"], copy.deepcopy(r))
        except Exception as e:  # noqa: BLE001 - every failure is reported
            errors.append(f"fhir.resources {r['resourceType']}/{r.get('id')}: {e}")
    shell = dict(bundle, entry=[{k: v for k, v in e.items() if k != "resource"} for e in bundle["entry"]])
    for r in [shell, *resources]:
        v = Draft6Validator(
            {"definitions": schema["definitions"], "$ref": f"#/definitions/{r['resourceType']}"}
        )
        errors += [
            f"schema {r['resourceType']}/{r.get('id')}: {'/'.join(map(str, e.path))}: {e.message}"
            for e in v.iter_errors(r)
        ]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    kinds = sorted({r["resourceType"] for r in resources})
    print(
        f"valid FHIR R4 (fhir.resources 6.4.0 and the R4 JSON schema): Bundle of {len(resources)} ({', '.join(kinds)})"
    )


if __name__ == "__main__":
    main()
