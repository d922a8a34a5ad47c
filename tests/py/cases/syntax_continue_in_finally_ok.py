# continue inside finally is allowed since Python 3.8; this file is valid.
for i in range(2):
    try:
        pass
    finally:
        continue
print("valid")
