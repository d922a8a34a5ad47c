# sys.exit with an integer exits with that status.
import sys
print("exiting with 4")
sys.stdout.flush()
sys.exit(4)
print("not reached")
