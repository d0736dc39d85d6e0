window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "dana@example.org",
      "createdVia" : "web",
      "username" : "dana_museum",
      "accountId" : "14215524",
      "createdAt" : "2009-03-02T17:41:13.000Z",
      "accountDisplayName" : "Dana (Museum of Things)"
    }
  }
]
