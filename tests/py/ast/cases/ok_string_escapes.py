'\n\t\r\\\'\"\a\b\f\v'
'\x41\x7e'
'\101\0\7\777'
'\u00e9\u20ac'
'\U0001F600'
'\N{BULLET}\N{EM DASH}\N{latin small letter a}'
'line\
continued'
