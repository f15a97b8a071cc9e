global using Linzi.Heritage.Browser.Tests.Infrastructure;
global using Linzi.Heritage.Server.Tests.Infrastructure;
