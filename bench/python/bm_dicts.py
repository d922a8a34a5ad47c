"""Dict-heavy work: counting, indexing, merging and deleting.

Word counts keyed by strings, an index of records keyed by tuples, dicts
of dicts updated and pruned, and dict comprehensions.  Dict tables of up
to 512 bytes come from the pools; bigger ones go to the C library.
"""
import sys

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda "
         "mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega").split()


def records(n, seed):
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        yield {"id": i, "name": WORDS[x % len(WORDS)] + str(x % 97),
               "group": (x >> 8) % 50, "score": x % 1000}


def main(rounds):
    checksum = 0
    for r in range(rounds):
        counts = {}
        by_key = {}
        groups = {}
        for rec in records(20000, r):
            counts[rec["name"]] = counts.get(rec["name"], 0) + 1
            by_key[(rec["group"], rec["id"])] = rec
            g = groups.setdefault(rec["group"], {})
            g[rec["id"]] = rec["score"]
        # Merge and prune.
        merged = {}
        for g, members in groups.items():
            merged.update({k: v for k, v in members.items() if v > 500})
        for key in [k for k in by_key if k[1] % 3 == 0]:
            del by_key[key]
        inverted = {v: k for k, v in counts.items()}
        checksum += (len(counts) + len(by_key) + len(merged)
                     + len(inverted) + sum(merged.values()) % 1000)
    print("dicts", checksum)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
