b'abc'
B"\x00\xff\n"
b'\777'
b'a' b'b'
b''
b'\u1234'
b"it's"
