a = 1; b = 2; c = 3;
if x: a; b
x = 1;
