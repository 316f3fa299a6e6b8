"""Copy the Citation File Format 1.2.0 schema out of cffconvert's wheel (make's CFF_SCHEMA).

Usage: python tools/extract_cff_schema.py cffconvert-<version>-py3-none-any.whl OUT.json
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

MEMBER = "cffconvert/schemas/1.2.0/schema.json"

if __name__ == "__main__":
    wheel, out = sys.argv[1], Path(sys.argv[2])
    schema = zipfile.ZipFile(wheel).read(MEMBER)
    json.loads(schema)  # a schema that is not JSON fails here, not in the test
    out.write_bytes(schema)
