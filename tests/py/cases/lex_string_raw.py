# Raw strings keep backslashes.
print(r"\n\t\\")
print(len(r"\n"), len("\n"))
print(R'C:\new\table')
print(r"\"", len(r"\""))
print(repr(r'\x41'))
print(r"""raw
triple \n""")
print(rb"\x00" == b"\\x00", Rb"\n", bR"\t", BR"\a")
