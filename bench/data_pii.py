"""Personal-data detection against Presidio's AnalyzerEngine with the same recognizers.

A generated corpus (fixed seed) of free-text rows and table cells holds valid entities
(Luhn-valid cards, mod-97-valid IBANs, issuable SSNs, valid phone numbers, e-mail, IPs, URLs,
Bitcoin addresses, UK NINOs, Spanish DNIs, Dutch BSNs), checksum-invalid lookalikes (bad Luhn,
bad IBAN check digits, SSN areas 000/666/9xx, wrong DNI letters, BSNs failing the 11-test,
broken Base58Check, invalid phone numbers) and distractor numbers (order and invoice numbers,
dates, amounts, versions, ZIP+4, ISBNs, file names). Only the valid entities are personal
data. A prediction is a true positive when it overlaps an unmatched valid entity of its type.

Presidio runs its AnalyzerEngine (presidio-analyzer, default score threshold 0) with only the
recognizers for these types (Presidio has no Dutch BSN recognizer: BSN is hauberk-only and left
out of the shared "overall" row) and no NLP model: a blank spaCy English pipeline (tokens, no
lemmas or entities) when spaCy is installed, else an NLP engine that returns nothing. Table
cells are passed with the column name as context (``analyze(..., context=[column])``); hauberk
gets the column name (``find(..., column=...)``). "presidio≥0.4" is the same run keeping
results scored at least 0.4 (after its context enhancement).

    python bench/data_pii.py [--rows 2000] [--seed 0]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import string
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded
from hauberk.data.pii import find
from hauberk.data.pii._checksums import (
    DNI_LETTERS,
    IBAN_LENGTHS,
    bsn_ok,
    iban_check_digits,
    luhn_check_digit,
)

Gold = tuple[str, int, int]  # type, start, end
SHARED = ("CREDIT_CARD", "IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "IP_ADDRESS",
          "URL", "CRYPTO", "UK_NINO", "ES_NIF")  # fmt: skip
ONLY_HAUBERK = ("NL_BSN",)
WORDS = (
    "river",
    "maple",
    "orbit",
    "cobalt",
    "lumen",
    "harbor",
    "pixel",
    "tundra",
    "vivid",
    "acorn",
)
FIRST = ("ada", "alan", "grace", "linus", "marie", "nikola", "rosalind", "kurt", "emmy", "claude")


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def fmt_groups(self, number: str, sizes: tuple[int, ...]) -> str:
        sep = self.r.choice([" ", "-", ""])
        out, at = [], 0
        for s in sizes:
            out.append(number[at : at + s])
            at += s
        return sep.join(out)

    # --- valid entities ---
    def card(self, valid: bool = True) -> str:
        kind = self.r.choice(["visa", "mc", "amex", "disc"])
        prefix, length, sizes = {
            "visa": ("4", 16, (4, 4, 4, 4)),
            "mc": (str(self.r.randint(51, 55)), 16, (4, 4, 4, 4)),
            "amex": (self.r.choice(["34", "37"]), 15, (4, 6, 5)),
            "disc": ("6011", 16, (4, 4, 4, 4)),
        }[kind]
        body = prefix + self.digits(length - len(prefix) - 1)
        check = luhn_check_digit(body)
        if not valid:
            check = str((int(check) + self.r.randint(1, 9)) % 10)
        return self.fmt_groups(body + check, sizes)

    def iban(self, valid: bool = True) -> str:
        country = self.r.choice(["DE", "GB", "FR", "NL", "ES", "IT", "BE"])
        n = IBAN_LENGTHS[country] - 4
        if country == "GB" or country == "NL":
            bban = "".join(self.r.choice(string.ascii_uppercase) for _ in range(4)) + self.digits(
                n - 4
            )
        elif country == "IT":
            bban = self.r.choice(string.ascii_uppercase) + self.digits(n - 1)
        else:
            bban = self.digits(n)
        check = iban_check_digits(country, bban)
        if not valid:
            check = f"{(int(check) + self.r.randint(1, 96)) % 97 + 2:02d}"[-2:]
            if iban_check_digits(country, bban) == check:
                check = f"{(int(check) + 1) % 100:02d}"
        iban = country + check + bban
        if self.r.random() < 0.5:
            return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return iban

    def email(self) -> str:
        tld = self.r.choice(["com", "org", "net", "de", "co.uk", "io", "fr"])
        return f"{self.r.choice(FIRST)}.{self.r.choice(WORDS)}{self.r.randint(1, 99)}@{self.r.choice(WORDS)}-mail.{tld}"

    def phone(self, valid: bool = True) -> str:
        import phonenumbers
        from phonenumbers import PhoneNumberFormat as F

        if not valid:
            return self.r.choice(["+1 123-456-7890", f"+44 0{self.digits(3)} {self.digits(2)}",
                                  f"(000) {self.digits(3)}-{self.digits(4)}",
                                  f"+49 0{self.digits(2)}"])  # fmt: skip
        region = self.r.choice(["US", "GB", "DE", "FR"])
        base = phonenumbers.example_number_for_type(
            region, self.r.choice([phonenumbers.PhoneNumberType.FIXED_LINE,
                                   phonenumbers.PhoneNumberType.MOBILE])
        )  # fmt: skip
        assert base is not None
        for _ in range(100):
            national = str(base.national_number)
            national = national[:-3] + self.digits(3)
            num = phonenumbers.parse(national, region)
            if phonenumbers.is_valid_number(num):
                break
        style = self.r.choice([F.NATIONAL, F.INTERNATIONAL, F.E164])
        return phonenumbers.format_number(num, style)

    def ssn(self, valid: bool = True) -> str:
        if valid:
            area = self.r.choice([self.r.randint(1, 665), self.r.randint(667, 899)])
        else:
            area = self.r.choice([0, 666, self.r.randint(900, 999)])
        group, serial = self.r.randint(1, 99), self.r.randint(1, 9999)
        sep = self.r.choice(["-", "-", " ", "."])
        return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"

    def ip(self) -> str:
        if self.r.random() < 0.2:
            return ":".join(f"{self.r.randint(0, 65535):x}" for _ in range(8))
        first = self.r.randint(1, 223)  # a host address: 224 and up is multicast or reserved
        return ".".join(str(v) for v in (first, *(self.r.randint(0, 254) for _ in range(3))))

    def url(self) -> str:
        tld = self.r.choice(["com", "org", "net", "io", "de"])
        host = f"{self.r.choice(WORDS)}{self.r.choice(WORDS)}.{tld}"
        path = self.r.choice(["", f"/{self.r.choice(WORDS)}", f"/u/{self.r.randint(1, 9999)}"])
        return self.r.choice(["https://", "http://", "https://www.", "www."]) + host + path

    def crypto(self, valid: bool = True) -> str:
        payload = bytes([0]) + self.r.randbytes(20)
        check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
        raw = payload + check
        alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
        n = int.from_bytes(raw, "big")
        out = ""
        while n:
            n, rem = divmod(n, 58)
            out = alphabet[rem] + out
        out = "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out
        if not valid:
            i = self.r.randint(5, len(out) - 2)
            out = out[:i] + self.r.choice([c for c in alphabet if c != out[i]]) + out[i + 1 :]
        return out

    def nino(self, valid: bool = True) -> str:
        if valid:
            first = self.r.choice("ABCEGHJKLMNOPRSTWXYZ")
            second = self.r.choice("ABCEGHJKLMNPRSTWXYZ")
            while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                second = self.r.choice("ABCEGHJKLMNPRSTWXYZ")
        else:  # never-allocated prefixes (HMRC): first D F I Q U V, second O, or BG GB ...
            first, second = self.r.choice(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "QA", "DA",
                                           "FA", "VA", "AO", "HO"])  # fmt: skip
        d = self.digits(6)
        sep = self.r.choice(["", " "])
        return f"{first}{second}{sep}{d[:2]}{sep}{d[2:4]}{sep}{d[4:]}{sep}{self.r.choice('ABCD')}"

    def nif(self, valid: bool = True) -> str:
        number = self.r.randint(10_000_000, 99_999_999)
        letter = DNI_LETTERS[number % 23]
        if not valid:
            letter = self.r.choice([c for c in DNI_LETTERS if c != letter])
        return f"{number}{self.r.choice(['', '-'])}{letter}"

    def bsn(self, valid: bool = True) -> str:
        while True:
            number = self.digits(9)
            if bsn_ok(number) == valid and number[0] != "0":
                return number

    # --- distractors: never personal data ---
    def distractor(self) -> str:
        return self.r.choice([
            f"order #{self.r.randint(10000, 99999)}",
            f"invoice {self.r.randint(2019, 2026)}-{self.r.randint(1, 9999):04d}",
            f"${self.r.randint(1, 99)},{self.r.randint(100, 999)}.{self.r.randint(0, 99):02d}",
            f"{self.r.randint(2019, 2026)}-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}",
            f"v{self.r.randint(0, 9)}.{self.r.randint(0, 30)}.{self.r.randint(0, 9)}",
            f"zip {self.r.randint(10000, 99999)}-{self.r.randint(1000, 9999)}",
            f"ISBN 978-{self.r.randint(0, 9)}-{self.r.randint(10, 99)}-{self.r.randint(100000, 999999)}-{self.r.randint(0, 9)}",
            f"see {self.r.choice(WORDS)}.{self.r.choice(['py', 'md', 'sh', 'csv', 'json'])}",
            f"ref {self.digits(4)} {self.digits(4)} {self.digits(4)}",
            f"tracking {self.digits(9)}",
            f"part {self.digits(5)}-{self.digits(4)}",
            f"batch {self.digits(12)}",
            f"{self.r.randint(1, 12)}:{self.r.randint(0, 59):02d} pm",
        ])  # fmt: skip


ENTITY_CONTEXT = {
    "CREDIT_CARD": ["card number {}", "paid with {}", "the visa {} was declined"],
    "IBAN_CODE": ["IBAN {}", "wire it to {} please", "account {}"],
    "EMAIL_ADDRESS": ["write to {}", "email: {}", "cc {} on it"],
    "PHONE_NUMBER": ["call {}", "phone {}", "reach me at {} tomorrow"],
    "US_SSN": ["SSN {}", "social security number {}", "ssn: {}"],
    "IP_ADDRESS": ["from ip {}", "login from {}", "host {}"],
    "URL": ["see {}", "profile at {}", "link {}"],
    "CRYPTO": ["btc {}", "wallet {}", "send to {}"],
    "UK_NINO": ["NINO {}", "national insurance {}", "NI number {}"],
    "ES_NIF": ["DNI {}", "NIF {}", "documento {}"],
    "NL_BSN": ["BSN {}", "burgerservicenummer {}", "bsn: {}"],
}
MAKERS = {
    "CREDIT_CARD": "card", "IBAN_CODE": "iban", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone",
    "US_SSN": "ssn", "IP_ADDRESS": "ip", "URL": "url", "CRYPTO": "crypto", "UK_NINO": "nino",
    "ES_NIF": "nif", "NL_BSN": "bsn",
}  # fmt: skip
HAS_LOOKALIKE = {"CREDIT_CARD", "IBAN_CODE", "PHONE_NUMBER", "US_SSN", "CRYPTO", "UK_NINO",
                 "ES_NIF", "NL_BSN"}  # fmt: skip
FILLER = ["Thanks,", "Note:", "Hi team.", "As discussed", "FYI", "Update:", "Reminder -", "OK."]


def value(gen: Gen, entity: str, valid: bool) -> str:
    make = getattr(gen, MAKERS[entity])
    return make(valid) if entity in HAS_LOOKALIKE else make()


def text_rows(gen: Gen, n: int) -> list[tuple[str, list[Gold]]]:
    rows = []
    types = list(MAKERS)
    for _ in range(n):
        parts: list[str] = [gen.r.choice(FILLER)]
        gold: list[Gold] = []
        for _slot in range(gen.r.randint(1, 3)):
            roll = gen.r.random()
            if roll < 0.3:
                parts.append(gen.distractor())
                continue
            entity = gen.r.choice(types)
            valid = entity not in HAS_LOOKALIKE or roll < 0.7
            template = gen.r.choice(ENTITY_CONTEXT[entity])
            prefix, suffix = template.split("{}")
            v = value(gen, entity, valid)
            head = " ".join(parts) + " " + prefix
            if valid:
                gold.append((entity, len(head), len(head) + len(v)))
            parts.append(prefix + v + suffix)
        rows.append((" ".join(parts) + ".", gold))
    return rows


COLUMNS = {"email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER", "card_number": "CREDIT_CARD",
           "ssn": "US_SSN", "iban": "IBAN_CODE", "client_ip": "IP_ADDRESS", "bsn": "NL_BSN",
           "dni": "ES_NIF"}  # fmt: skip


def cells(gen: Gen, n: int) -> list[tuple[str, str, list[Gold]]]:
    out = []
    for _ in range(n):
        column = gen.r.choice([*COLUMNS, "order_id"])
        if column == "order_id":
            v = gen.r.choice([gen.digits(9), gen.digits(10), gen.digits(16), gen.distractor()])
            out.append((column, v, []))
            continue
        entity = COLUMNS[column]
        valid = entity not in HAS_LOOKALIKE or gen.r.random() < 0.7
        v = value(gen, entity, valid)
        if entity in ("US_SSN", "NL_BSN") and gen.r.random() < 0.5:
            v = "".join(c for c in v if c.isdigit())  # bare digits: the column name is the hint
        out.append((column, v, [(entity, 0, len(v))] if valid else []))
    return out


def presidio_engine() -> tuple[Any, str]:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        CryptoRecognizer,
        EmailRecognizer,
        EsNifRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UkNinoRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )

    registry = RecognizerRegistry(supported_languages=["en"])
    for rec in (CreditCardRecognizer(), CryptoRecognizer(), EmailRecognizer(),
                EsNifRecognizer(supported_language="en"), IbanRecognizer(), IpRecognizer(),
                PhoneRecognizer(), UkNinoRecognizer(), UrlRecognizer(), UsSsnRecognizer()):  # fmt: skip
        registry.add_recognizer(rec)
    try:
        import spacy

        class BlankSpacy(SpacyNlpEngine):
            def __init__(self) -> None:
                super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])
                self.nlp = {"en": spacy.blank("en")}

            def load(self) -> None:
                pass

        engine: Any = BlankSpacy()
        how = f"blank spaCy {spacy.__version__} pipeline (tokens only, no model)"
    except ImportError:

        class Nothing(NlpEngine):
            def load(self) -> None: ...
            def is_loaded(self) -> bool:
                return True

            def process_text(self, text: str, language: str) -> NlpArtifacts:
                return NlpArtifacts([], [], [], [], self, language)

            def process_batch(self, texts: Any, language: str, **kw: Any) -> Any:
                for t in texts:
                    yield t, self.process_text(t, language)

            def is_stopword(self, word: str, language: str) -> bool:
                return False

            def is_punct(self, word: str, language: str) -> bool:
                return False

            def get_supported_entities(self) -> list[str]:
                return []

            def get_supported_languages(self) -> list[str]:
                return ["en"]

        engine, how = Nothing(), "an NLP engine that returns nothing"
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return analyzer, how


def score(preds: list[list[tuple[str, int, int, float]]], golds: list[list[Gold]],
          min_score: float = 0.0) -> dict[str, Counter[str]]:  # fmt: skip
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for pred, gold in zip(preds, golds, strict=True):
        used = [False] * len(gold)
        for t, s, e, sc in pred:
            if sc < min_score:
                continue
            match = next((i for i, (gt, gs, ge) in enumerate(gold)
                          if not used[i] and gt == t and s < ge and gs < e), None)  # fmt: skip
            if match is None:
                fp[t] += 1
            else:
                used[match] = True
                tp[t] += 1
        for (gt, _s, _e), u in zip(gold, used, strict=True):
            (hit if u else fn)[gt] += 1
    return {"tp": tp, "fp": fp, "fn": fn, "hit": hit}


def prf(c: dict[str, Counter[str]], types: tuple[str, ...]) -> tuple[float, float, int]:
    tp = sum(c["tp"][t] for t in types)
    fp = sum(c["fp"][t] for t in types)
    hit = sum(c["hit"][t] for t in types)
    gold = hit + sum(c["fn"][t] for t in types)
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = hit / gold if gold else float("nan")
    return p, r, gold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    gen = Gen(args.seed)
    texts = text_rows(gen, args.rows)
    table = cells(gen, args.rows)
    analyzer, how = presidio_engine()
    analyzer.analyze("warm up 4111 1111 1111 1111 a@b.com", language="en")
    find("warm up 4111 1111 1111 1111 a@b.com")

    inputs = [(t, None) for t, _ in texts] + [(v, c) for c, v, _ in table]
    golds = [g for _, g in texts] + [g for _, _, g in table]

    start = time.perf_counter()
    ours = [[(e.type, e.start, e.end, e.score) for e in find(t, column=c)] for t, c in inputs]
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [
        [(r.entity_type, r.start, r.end, r.score)
         for r in analyzer.analyze(t, language="en", context=[c] if c else None)]
        for t, c in inputs
    ]  # fmt: skip
    t_theirs = time.perf_counter() - start

    c_ours, c_theirs = score(ours, golds), score(theirs, golds)
    c_theirs4 = score(theirs, golds, 0.4)
    with recorded("data_pii"):
        print(f"# Personal data: hauberk vs Presidio {_version()} (same recognizers)")
        print()
        print(f"{len(texts)} free-text rows and {len(table)} table cells, seed {args.seed}; "
              f"Presidio's NLP engine: {how}.")  # fmt: skip
        print()
        print("| entity | valid | hauberk P | hauberk R | presidio P | presidio R "
              "| presidio≥0.4 P | presidio≥0.4 R |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for t in (*SHARED, *ONLY_HAUBERK):
            p1, r1, n = prf(c_ours, (t,))
            if t in ONLY_HAUBERK:
                print(f"| {t} (hauberk only) | {n} | {p1:.3f} | {r1:.3f} | - | - | - | - |")
                continue
            p2, r2, _ = prf(c_theirs, (t,))
            p3, r3, _ = prf(c_theirs4, (t,))
            print(
                f"| {t} | {n} | {p1:.3f} | {r1:.3f} | {p2:.3f} | {r2:.3f} | {p3:.3f} | {r3:.3f} |"
            )
        p1, r1, n = prf(c_ours, SHARED)
        p2, r2, _ = prf(c_theirs, SHARED)
        p3, r3, _ = prf(c_theirs4, SHARED)
        print(f"| **overall (shared types)** | {n} | {p1:.3f} | {r1:.3f} | {p2:.3f} | {r2:.3f} "
              f"| {p3:.3f} | {r3:.3f} |")  # fmt: skip
        print()
        fps = sum(c_theirs["fp"].values())
        print(f"False positives: hauberk {sum(c_ours['fp'].values())}, Presidio {fps} "
              f"(by type: {dict(c_theirs['fp'].most_common(5))}).")  # fmt: skip
        print()
        rows = len(inputs)
        ratio = t_theirs / t_ours
        print("| tool | rows | seconds | rows/s | ratio |")
        print("|---|---:|---:|---:|---:|")
        print(f"| hauberk | {rows} | {t_ours:.2f} | {rows / t_ours:,.0f} | {ratio:.1f}x |")
        print(f"| presidio | {rows} | {t_theirs:.2f} | {rows / t_theirs:,.0f} | 1.0x |")
        print()
        bar = r1 >= r2 and p1 > p2 and ratio >= 5
        print(f"Bar (recall >= Presidio's, precision higher, >= 5x rows/s): "
              f"{'met' if bar else 'NOT met'}.")  # fmt: skip


def _version() -> str:
    from importlib.metadata import version

    return version("presidio-analyzer")


if __name__ == "__main__":
    main()
