"""Makes src/data/cjk_bigrams.txt from jieba's word list (MIT License, see that file's header).

    pip download jieba==0.42.1 --no-deps && tar xzf jieba-0.42.1.tar.gz
    python3 src/data/bigrams.py jieba-0.42.1/jieba/dict.txt > body.txt   # then prepend the header

With --traditional, converts the body of cjk_bigrams.txt to traditional characters, pair
for pair in the same order, character by character (pip install opencc-python-reimplemented):

    python3 src/data/bigrams.py --traditional src/data/cjk_bigrams.txt > body.txt   # then prepend the header
"""
import sys
from collections import Counter

if sys.argv[1] == "--traditional":
    from opencc import OpenCC

    cc = OpenCC("s2t")

    def one(ch):
        r = cc.convert(ch)
        return r if len(r) == 1 else ch

    for line in open(sys.argv[2], encoding="utf-8"):
        if not line.startswith("#"):
            print("".join(one(c) for c in line.rstrip("\n")))
    sys.exit(0)

N = 20000
bg = Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    word, freq, _ = line.split(" ")
    if not all("\u4e00" <= c <= "\u9fff" for c in word):
        continue
    for a, b in zip(word, word[1:]):
        bg[(a, b)] += int(freq)
top = [a + b for (a, b), _ in bg.most_common(N)]
for i in range(0, len(top), 20):
    print("".join(top[i : i + 20]))
