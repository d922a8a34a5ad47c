import sys, gc

def create_cycle():
    list = [8, 9, 10]

def main():
    print("Creating garbage...")
    for i in range(8):

    n = gc.collect()
    print("Number of unreachable objects collected by GC:", n)
    print("Uncollectable garbage:", gc.garbage)

if __name__ == "__main__":
