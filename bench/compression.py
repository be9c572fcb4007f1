#!/usr/bin/env python3
"""Size against time of the output COGs under several compressions.

    /usr/bin/python3 bench/compression.py OUT_DIR/rasters [--years 2020]

Loads each raster of a run into memory (untimed), then writes it with GDAL's
COG driver under each setting (one thread, no NUM_THREADS, as forestsink
writes) and reads it back. Prints a Markdown table: total size, write and
read time, each against the first setting (DEFLATE level 6 with a predictor).
"""
import sys
import time
from pathlib import Path
import tempfile

from osgeo import gdal

gdal.UseExceptions()
folder = Path(sys.argv[1])
year = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--years" else "2020"
files = sorted(folder.glob(f"*_{year}.tif"))
settings = {
    "NONE": ["COMPRESS=NONE"],
    "LZW + predictor": ["COMPRESS=LZW", "PREDICTOR=YES"],
    "DEFLATE 1 + predictor": ["COMPRESS=DEFLATE", "LEVEL=1", "PREDICTOR=YES"],
    "DEFLATE 6 + predictor (the first setting)": ["COMPRESS=DEFLATE", "LEVEL=6", "PREDICTOR=YES"],
    "DEFLATE 9 + predictor": ["COMPRESS=DEFLATE", "LEVEL=9", "PREDICTOR=YES"],
    "DEFLATE 1, no predictor (chosen)": ["COMPRESS=DEFLATE", "LEVEL=1"],
    "DEFLATE 6, no predictor": ["COMPRESS=DEFLATE", "LEVEL=6"],
    "ZSTD 1 + predictor": ["COMPRESS=ZSTD", "LEVEL=1", "PREDICTOR=YES"],
    "ZSTD 9 + predictor": ["COMPRESS=ZSTD", "LEVEL=9", "PREDICTOR=YES"],
    "ZSTD 1, no predictor": ["COMPRESS=ZSTD", "LEVEL=1"],
    "ZSTD 9, no predictor": ["COMPRESS=ZSTD", "LEVEL=9"],
    "LERC_ZSTD, exact (MAX_Z_ERROR=0)": ["COMPRESS=LERC_ZSTD", "MAX_Z_ERROR=0"],
}
sources = []
for f in files:
    src = gdal.Open(str(f))
    mem = gdal.GetDriverByName("MEM").CreateCopy("", src)
    categorical = mem.GetRasterBand(1).DataType == gdal.GDT_Byte
    sources.append((f.name, mem, "MODE" if categorical else "AVERAGE"))
cells = sources[0][1].RasterXSize * sources[0][1].RasterYSize
print(f"{len(sources)} layers of {year}, {cells / 1e6:.1f} M cells each, from {folder}\n")
rows = []
with tempfile.TemporaryDirectory() as tmp:
    for label, options in settings.items():
        size = write = read = 0.0
        for name, mem, resampling in sources:
            out = str(Path(tmp) / name)
            opts = options + ["BLOCKSIZE=256", "OVERVIEWS=AUTO", f"OVERVIEW_RESAMPLING={resampling}", "BIGTIFF=IF_SAFER"]
            t = time.perf_counter()
            gdal.GetDriverByName("COG").CreateCopy(out, mem, options=opts)
            write += time.perf_counter() - t
            t = time.perf_counter()
            ds = gdal.Open(out)
            ds.GetRasterBand(1).ReadRaster()
            ds = None
            read += time.perf_counter() - t
            size += Path(out).stat().st_size
            Path(out).unlink()
        rows.append((label, size, write, read))
base = next(r for r in rows if "first setting" in r[0])
print("| compression | size | write (1 thread) | read back |")
print("|---|---|---|---|")
for label, size, write, read in rows:
    print(f"| {label} | {size / 1e6:.1f} MB ({size / base[1]:.2f}×) | {write:.2f} s ({write / base[2]:.2f}×) | "
          f"{read:.2f} s ({read / base[3]:.2f}×) |")
