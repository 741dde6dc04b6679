#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Builds data/regions/region-names.csv (code,name_zh,name_en) from Debian's iso-codes
# package: ISO 3166-1 countries and the ISO 3166-2:CN provinces, with their zh_CN names.
# Run: apt-get install iso-codes && /usr/bin/python3 tools/make-region-names.py > data/regions/region-names.csv
import csv, gettext, json, sys

zh1 = gettext.translation("iso_3166-1", "/usr/share/locale", ["zh_CN"])
zh2 = gettext.translation("iso_3166-2", "/usr/share/locale", ["zh_CN"])
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "name_zh", "name_en"])
for c in json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]:
    en = c.get("common_name", c["name"])
    out.writerow([c["alpha_2"], zh1.gettext(c["name"]), en])
suffixes_zh = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"]
suffixes_en = [" Sheng", " Shi", " Zhuangzu Zizhiqu", " Huizi Zizhiqu", " Uygur Zizhiqu", " Zizhiqu", " SAR"]
for s in json.load(open("/usr/share/iso-codes/json/iso_3166-2.json"))["3166-2"]:
    if not s["code"].startswith("CN-"):
        continue
    zh, en = zh2.gettext(s["name"]), s["name"]
    for suf in suffixes_zh:
        if zh.endswith(suf) and len(zh) > len(suf) + 1:
            zh = zh[: -len(suf)]
            break
    for suf in suffixes_en:
        if en.endswith(suf):
            en = en[: -len(suf)]
            break
    out.writerow([s["code"], zh, en])
