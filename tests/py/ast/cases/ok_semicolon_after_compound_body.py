if x: a = 1; b = 2
for i in y: f(i);
