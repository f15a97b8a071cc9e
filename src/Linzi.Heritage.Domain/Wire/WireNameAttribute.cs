namespace Linzi.Heritage.Domain.Wire;

/// <summary>
/// The contract's name of an enum member, such as <c>red</c> for <c>Severity.Red</c>. Read once per enum by
/// <see cref="WireName"/>. Our own attribute rather than System.Text.Json's <c>JsonStringEnumMemberName</c> on purpose:
/// the registry store and the demo file persist enums with <c>JsonStringEnumConverter</c> under their C# names
/// (<c>"National"</c>), and that attribute would silently change what they write and accept.
/// </summary>
/// <param name="name">The wire name; never change one, field devices and clients depend on it.</param>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class WireNameAttribute(string name) : Attribute
{
    /// <summary>The wire name.</summary>
    public string Name { get; } = name;
}
