namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>The zone upload formats <see cref="ZoneFileReader"/> understands.</summary>
internal enum ZoneFileFormat
{
    /// <summary>A GeoJSON FeatureCollection in WGS84 (RFC 7946).</summary>
    GeoJson,

    /// <summary>A zip holding one or more Esri Shapefiles (.shp, .dbf, .prj, optionally .shx and .cpg).</summary>
    Shapefile,

    /// <summary>A KML document.</summary>
    Kml,

    /// <summary>A zipped KML document (doc.kml).</summary>
    Kmz,
}
