window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1790087118056325243",
      "updatedAt" : "2024-05-13T18:30:01.812Z",
      "lifecycle" : {
        "value" : "AA==",
        "name" : "Created",
        "originalValue" : "AA=="
      },
      "createdAt" : "2024-05-13T18:30:01.812Z",
      "core" : {
        "styletags" : [],
        "urls" : [
          {
            "shortUrl" : "https://t.co/SpoonLnk01",
            "expandedUrl" : "https://museum.example.org/objects/roman-spoon",
            "displayUrl" : "museum.example.org/objects…",
            "fromIndex" : "366",
            "toIndex" : "389"
          }
        ],
        "text" : "Q1 What object in your collection has the strangest story? Ours: a bent Roman spoon that arrived in a 1920s donation box labelled \"kitchen junk\". Nobody looked twice until a visiting conservator picked it up &amp; went very quiet. It is now the most requested object in our study room. #musesocial tell us yours, and how you found out what it really was. Our spoon: https://t.co/SpoonLnk01",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "musesocial",
            "fromIndex" : "286",
            "toIndex" : "297"
          }
        ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1790089909772484731",
      "updatedAt" : "2024-05-13T18:41:07.409Z",
      "lifecycle" : {
        "value" : "AA==",
        "name" : "Created",
        "originalValue" : "AA=="
      },
      "createdAt" : "2024-05-13T18:41:07.409Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "A1 Ours is a wax anatomical model of a hand that a school sent us in 1958 because \"the children found it upsetting\". It turned out to be one of only four made by the same workshop in Florence, and the other three are in Vienna, Bologna and a private collection. We had it under a sink for 30 years #musesocial",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "musesocial",
            "fromIndex" : "298",
            "toIndex" : "309"
          }
        ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1790092831570788475",
      "updatedAt" : "2024-05-13T18:52:44.020Z",
      "lifecycle" : {
        "value" : "AA==",
        "name" : "Created",
        "originalValue" : "AA=="
      },
      "createdAt" : "2024-05-13T18:52:44.020Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Q2 Has a visitor ever told you something about an object that your records did not know? We once learned from a grandson that the \"Victorian\" sampler in gallery 3 was stitched in 1946 by his grandmother, during a power cut, from a pattern in a magazine. We changed the label the next day. #musesocial",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "musesocial",
            "fromIndex" : "289",
            "toIndex" : "300"
          }
        ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1789581279490998395",
      "updatedAt" : "2024-05-12T09:00:00.500Z",
      "lifecycle" : {
        "value" : "AA==",
        "name" : "Created",
        "originalValue" : "AA=="
      },
      "createdAt" : "2024-05-12T09:00:00.500Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "A long post that was deleted later: its note stays in note-tweet.js, but no post in tweets.js matches it, so it is not imported. It is well over two hundred and eighty characters long, because only such posts have a note at all, and that is what this sentence is for. #musesocial",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "musesocial",
            "fromIndex" : "268",
            "toIndex" : "279"
          }
        ]
      }
    }
  }
]