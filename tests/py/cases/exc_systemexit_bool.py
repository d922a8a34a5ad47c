# exit statuses: SystemExit(True) is 1, SystemExit(False) is 0 (sys.exit(False) below).
import sys
try:
    sys.exit(True)
except SystemExit as e:
    print("code", e.code)
sys.exit(False)
