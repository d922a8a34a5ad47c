try:
    pass
else: pass
