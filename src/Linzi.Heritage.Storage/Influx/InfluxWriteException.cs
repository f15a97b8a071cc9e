namespace Linzi.Heritage.Storage.Influx;

/// <summary>InfluxDB refused a write. <see cref="IsTransient"/> tells a retry from a point that will never fit.</summary>
public sealed class InfluxWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InfluxWriteException(int status, TimeSpan? retryAfter, string body)
        : base($"InfluxDB write failed with HTTP {status}: {body}")
    {
        Status = status;
        RetryAfter = retryAfter;
        Body = body;
    }

    /// <summary>Creates the exception.</summary>
    public InfluxWriteException()
    {
        Body = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public InfluxWriteException(string message)
        : base(message)
    {
        Body = message;
    }

    /// <summary>Creates the exception.</summary>
    public InfluxWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Body = message;
    }

    /// <summary>HTTP status; 0 when no answer came.</summary>
    public int Status { get; }

    /// <summary>The server's Retry-After, if it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The server's error text.</summary>
    public string Body { get; }

    /// <summary>Worth retrying: no answer, 429 or 5xx.</summary>
    public bool IsTransient => Status is 0 or 429 or >= 500;

    /// <summary>The batch holds a point the server will never take (400, 422) or is too large (413): split it.</summary>
    public bool IsPoison => Status is 400 or 413 or 422;
}
