#!/usr/bin/env python3
"""Django's command-line utility; `thucthi` is the same with friendlier errors."""

import sys

from thucthi.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
