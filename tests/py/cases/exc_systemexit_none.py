# sys.exit() and sys.exit(None) exit with status 0; finally blocks run.
import sys
try:
    sys.exit()
except SystemExit as e:
    print("caught", repr(e.code))
try:
    print("in try")
    sys.exit(None)
finally:
    print("finally runs on exit")
