"""Parses XML files with Python's expat-based parser; exits 1 naming the first that is not
well-formed. Usage: check_xml.py FILE..."""
import sys
import xml.dom.minidom

status = 0
for path in sys.argv[1:]:
    try:
        xml.dom.minidom.parse(path)
    except Exception as e:  # expat reports every well-formedness error as ExpatError
        print(f"{path}: {e}")
        status = 1
sys.exit(status)
