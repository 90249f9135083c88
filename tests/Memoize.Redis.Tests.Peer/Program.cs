System.Console.WriteLine("peer");
