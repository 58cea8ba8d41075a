namespace Verzuim.Cases.Calendars;

/// <summary>One upload of the school-holiday open data (rijksoverheid.nl format), kept whole so it can be downloaded again as uploaded.</summary>
public sealed record HolidayUpload(long Id, string Json, DateTimeOffset UploadedAt, string UploadedBy);
