window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "dana@museum.example.org",
      "createdVia" : "web",
      "username" : "dana_museum",
      "accountId" : "14215524",
      "createdAt" : "2009-03-02T10:00:00.000Z",
      "accountDisplayName" : "Dana (Museum of Things)"
    }
  }
]