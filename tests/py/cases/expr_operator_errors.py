# TypeErrors from unsupported operand types.
none = None
one_ = 1
abc = "abc"
lst1 = [1]
cases = [
    lambda: 1 + "a",
    lambda: "a" + 1,
    lambda: [1] + (1,),
    lambda: {} + {},
    lambda: 1 < "a",
    lambda: [] > 0,
    lambda: -"a",
    lambda: ~1.5,
    lambda: "a" * 2.0,
    lambda: None + 1,
    lambda: 1 / 0,
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: 1.0 / 0,
    lambda: 2 ** "x",
    lambda: [1, 2] - [1],
    lambda: {1} + {2},
    lambda: 5 @ 5,
    lambda: none(),
    lambda: one_[0],
    lambda: none[0],
    lambda: len(5),
    lambda: abc[1.5],
    lambda: lst1[None],
]
for c in cases:
    try:
        c()
    except Exception as e:
        print(type(e).__name__ + ":", e)
