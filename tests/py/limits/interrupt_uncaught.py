# Ctrl-C in a loop: an uncaught KeyboardInterrupt prints its traceback and
# the process ends by SIGINT (status 130 in the shell); run_limits.sh sends
# the signal once "ready" is out.
import sys
print("ready", flush=True)
n = 0
while True:
    n += 1
