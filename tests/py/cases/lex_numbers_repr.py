# Numbers read and printed back.
for v in [0x7f, 0o777, 0b101, 1_0, 1e3, 1.5e-7, 123e-2, 1e16, 1e15, 12345678901234567.0]:
    print(repr(v))
print(0.1, 0.30000000000000004, 100.0, 1e22, 1e-5, 0.0001)
print(-0.0, 2.5e-310)
