namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>Thrown inside the readers for a problem with the upload as a whole; the reader turns it into a file error.</summary>
internal sealed class ZoneFileException(string message) : Exception(message);
