# Iterating dicts and building them incrementally.
counts = {}
for w in "the quick the lazy the end quick".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
for k in counts:
    print(k, end=" ")
print()
for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
    print(k, v)
inverted = {v: k for k, v in counts.items()}
print(inverted)
nested = {"outer": {"inner": {"leaf": 1}}}
nested["outer"]["inner"]["leaf"] += 1
print(nested)
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], big[999])
