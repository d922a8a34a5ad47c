# raise SystemExit(n) directly, from a nested function.
def shutdown(code):
    print("shutting down with", code)
    raise SystemExit(code)
def main():
    try:
        shutdown(7)
    except Exception:
        print("Exception does not catch SystemExit")
main()
