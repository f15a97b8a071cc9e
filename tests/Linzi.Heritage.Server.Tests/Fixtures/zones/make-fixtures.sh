#!/usr/bin/env bash
# Rebuilds the zipped Shapefile fixtures from xunma-zones.geojson with GDAL (Debian bookworm: gdal-bin 3.6.2).
# Not run by the tests or CI: the produced zips are committed. Run it by hand after changing the GeoJSON.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gk39" "$work/utm/xunma" "$work/cm" "$work/x80"

# CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527), DBF in GBK (CP936), upper-case field names.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4527 -lco ENCODING=CP936 \
  -sql 'SELECT id AS ID, kind AS KIND, name AS NAME FROM "xunma-zones"' \
  "$work/gk39/xunma-zones-gk39.shp" xunma-zones.geojson
# WGS 84 / UTM zone 50N (EPSG:32650), UTF-8, lower-case field names, inside a folder in the zip.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32650 -lco ENCODING=UTF-8 \
  "$work/utm/xunma/xunma-zones-utm50n.shp" xunma-zones.geojson
# CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548), UTF-8, fields Id / Type / Name.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4548 -lco ENCODING=UTF-8 \
  -sql 'SELECT id AS Id, kind AS Type, name AS Name FROM "xunma-zones"' \
  "$work/cm/xunma-zones-cgcs2000-cm117e.shp" xunma-zones.geojson
# The zone-39 coordinates labelled (-a_srs, no reprojection) as Xian 1980 / 3-degree GK zone 39 (EPSG:2363):
# a datum the reader must refuse rather than guess.
ogr2ogr -f "ESRI Shapefile" -a_srs EPSG:2363 -lco ENCODING=UTF-8 \
  "$work/x80/xunma-zones-xian80.shp" "$work/gk39/xunma-zones-gk39.shp"

python3 zipit.py xunma-zones-gk39.zip "$work/gk39" "$work"/gk39/xunma-zones-gk39.{shp,shx,dbf,prj,cpg}
python3 zipit.py xunma-zones-utm50n.zip "$work/utm" "$work"/utm/xunma/xunma-zones-utm50n.{shp,shx,dbf,prj,cpg}
python3 zipit.py xunma-zones-cgcs2000-cm117e.zip "$work/cm" "$work"/cm/xunma-zones-cgcs2000-cm117e.{shp,shx,dbf,prj,cpg}
python3 zipit.py xunma-zones-xian80.zip "$work/x80" "$work"/x80/xunma-zones-xian80.{shp,shx,dbf,prj,cpg}
