# An uncaught KeyboardInterrupt exits with status 130 after a traceback.
print("raising KeyboardInterrupt")
raise KeyboardInterrupt
