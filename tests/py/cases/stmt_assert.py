# assert with and without messages.
assert True
assert 1 == 1, "not shown"
try:
    assert 1 == 2
except AssertionError as e:
    print("plain:", repr(e), e.args)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("with message:", e)
try:
    assert False, ("tuple", 1)
except AssertionError as e:
    print(e.args)
calls = []
def side():
    calls.append(1)
    return "msg"
assert True, side()
print("message not evaluated:", calls)
