window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1587864000000000001"
          ],
          "editableUntil" : "2022-11-02T19:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "musesocial",
            "indices" : [
              "24",
              "35"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://museum.example.org/collections?tag=spoons&sort=new",
            "display_url" : "museum.example.org/collections?ta…",
            "indices" : [
              "71",
              "94"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "94"
      ],
      "favorite_count" : "12",
      "id_str" : "1587864000000000001",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1587864000000000001",
      "created_at" : "Wed Nov 02 18:30:00 +0000 2022",
      "favorited" : false,
      "full_text" : "Q1 Spoons &amp; ladles: #musesocial what's the oddest object you hold? https://t.co/AbCdEf1234",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1587864999999999999"
          ],
          "editableUntil" : "2022-11-02T19:35:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MuseSocial",
            "indices" : [
              "31",
              "42"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sam Curator",
            "screen_name" : "sam_curates",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "2919151",
            "id" : "2919151"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1587863888888888888",
      "id_str" : "1587864999999999999",
      "in_reply_to_user_id" : "2919151",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1587864999999999999",
      "in_reply_to_status_id" : "1587863888888888888",
      "created_at" : "Wed Nov 02 18:35:00 +0000 2022",
      "favorited" : false,
      "full_text" : "@sam_curates A1 a spoon-shaped #MuseSocial spoon &lt;3",
      "lang" : "en",
      "in_reply_to_screen_name" : "sam_curates",
      "in_reply_to_user_id_str" : "2919151"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1587865111111111111"
          ],
          "editableUntil" : "2022-11-02T19:40:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sam Curator",
            "screen_name" : "sam_curates",
            "indices" : [
              "3",
              "15"
            ],
            "id_str" : "2919151",
            "id" : "2919151"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "140"
      ],
      "favorite_count" : "0",
      "id_str" : "1587865111111111111",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1587865111111111111",
      "created_at" : "Thu Nov 03 04:40:00 +1000 2022",
      "favorited" : false,
      "full_text" : "RT @sam_curates: Our registrar just found a spoon inside a spoon. Catalogue numbers all the way down, a thread for the archivists among…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1587866222222222222"
          ],
          "editableUntil" : "2022-11-02T19:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/QuOtE98765",
            "expanded_url" : "https://twitter.com/sam_curates/status/1587860000000000042",
            "display_url" : "twitter.com/sam_curates/st…",
            "indices" : [
              "28",
              "51"
            ]
          }
        ],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/dana_museum/status/1587866222222222222/photo/1",
            "indices" : [
              "52",
              "75"
            ],
            "url" : "https://t.co/PhOtO55555",
            "media_url" : "http://pbs.twimg.com/media/FgAbCdEfGhIjKlM.jpg",
            "id_str" : "1587866200000000000",
            "id" : "1587866200000000000",
            "media_url_https" : "https://pbs.twimg.com/media/FgAbCdEfGhIjKlM.jpg",
            "sizes" : {
              "thumb" : { "w" : "150", "h" : "150", "resize" : "crop" }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/PhOtO55555"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "7",
      "id_str" : "1587866222222222222",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1587866222222222222",
      "created_at" : "Wed Nov 02 18:45:00 +0000 2022",
      "favorited" : false,
      "full_text" : "This one, in our storeroom: https://t.co/QuOtE98765 https://t.co/PhOtO55555",
      "lang" : "en"
    }
  }
]
