"""JSON round-trips: encode nested data to text and decode it back.

Decoding builds a fresh tree of dicts, lists, strings, ints and floats for
every document; encoding builds many small strings.  A web service's
daily bread.
"""
import json
import sys


def document(n, r):
    return {
        "id": r,
        "users": [
            {"name": "user%d" % i, "age": 20 + i % 50, "active": i % 3 == 0,
             "tags": ["t%d" % (i % 7), "g%d" % (i % 11)],
             "scores": [i * 0.5, i * 1.5, None],
             "address": {"city": "city%d" % (i % 100), "zip": "%05d" % i}}
            for i in range(n)
        ],
        "meta": {"count": n, "version": "1.%d" % r},
    }


def main(rounds):
    checksum = 0
    for r in range(rounds):
        doc = document(4000, r)
        for _ in range(3):
            text = json.dumps(doc)
            doc = json.loads(text)
        pretty = json.dumps(doc, indent=2, sort_keys=True)
        checksum += len(text) + len(pretty) + len(doc["users"])
    print("json", checksum)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
