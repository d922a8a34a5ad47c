# Ctrl-C raises KeyboardInterrupt where the program is; it can be caught,
# and the program goes on (run_limits.sh sends SIGINT after "ready").
import time
print("ready", flush=True)
try:
    while True:
        pass
except KeyboardInterrupt:
    print("caught in a loop", flush=True)
print("ready", flush=True)
try:
    time.sleep(60)
except KeyboardInterrupt:
    print("caught in sleep")
print("done")
