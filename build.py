#!/usr/bin/env python3
"""Entry script: build the knowledge graph of a plan. `python build.py --help`."""

import sys

from graph.cli import build_main

if __name__ == "__main__":
    sys.exit(build_main())
