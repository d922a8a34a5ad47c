# Indentation with different depths and blank lines.
def f(n):
  if n:
          return "deep"

  else:
     return "shallow"
print(f(1), f(0))
for i in range(2):
	print("tab", i)
class C:

    def m(self):

        return 1
print(C().m())
if True: print("one-liner")
while False: pass
for i in range(2): print(i); print(-i)
