# and/or short-circuit and return the deciding operand.
log = []
def t(v):
    log.append(v)
    return v
print(t(0) and t(1)); print(log); log.clear()
print(t(1) and t(2)); print(log); log.clear()
print(t(0) or t(3)); print(log); log.clear()
print(t(4) or t(5)); print(log); log.clear()
print(t([]) or t({}) or t("x") or t("y")); print(log); log.clear()
x = None
print(x and x.attr)
print(x is None or x.attr)
