window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790087118123450001"
          ],
          "editableUntil" : "2024-05-13T19:30:01.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/ReadMore01",
            "expanded_url" : "https://twitter.com/i/web/status/1790087118123450001",
            "display_url" : "twitter.com/i/web/status/1…",
            "indices" : [
              "270",
              "293"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "293"
      ],
      "favorite_count" : "41",
      "id_str" : "1790087118123450001",
      "truncated" : false,
      "retweet_count" : "9",
      "id" : "1790087118123450001",
      "created_at" : "Mon May 13 18:30:01 +0000 2024",
      "favorited" : false,
      "full_text" : "Q1 What object in your collection has the strangest story? Ours: a bent Roman spoon that arrived in a 1920s donation box labelled \"kitchen junk\". Nobody looked twice until a visiting conservator picked it up &amp; went very quiet. It is now the most requested object i… https://t.co/ReadMore01",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Sam Curates",
            "screen_name" : "sam_curates",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "90000001",
            "id" : "90000001"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "13",
        "282"
      ],
      "favorite_count" : "7",
      "in_reply_to_status_id_str" : "1790088000000000077",
      "id_str" : "1790089909800000002",
      "in_reply_to_user_id" : "90000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1790089909800000002",
      "in_reply_to_status_id" : "1790088000000000077",
      "created_at" : "Mon May 13 18:41:07 +0000 2024",
      "favorited" : false,
      "full_text" : "@sam_curates A1 Ours is a wax anatomical model of a hand that a school sent us in 1958 because \"the children found it upsetting\". It turned out to be one of only four made by the same workshop in Florence, and the other three are in Vienna, Bologna and a private collection. We had…",
      "lang" : "en",
      "in_reply_to_screen_name" : "sam_curates",
      "in_reply_to_user_id_str" : "90000001"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "musesocial",
            "indices" : [
              "10",
              "21"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "62"
      ],
      "favorite_count" : "2",
      "id_str" : "1790087126000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790087126000000003",
      "created_at" : "Mon May 13 18:30:03 +0000 2024",
      "favorited" : false,
      "full_text" : "Reminder: #musesocial starts now, a question every 10 minutes",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "269"
      ],
      "favorite_count" : "15",
      "id_str" : "1790092831600000004",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1790092831600000004",
      "created_at" : "Mon May 13 18:52:44 +0000 2024",
      "favorited" : false,
      "full_text" : "Q2 Has a visitor ever told you something about an object that your records did not know? We once learned from a grandson that the \"Victorian\" sampler in gallery 3 was stitched in 1946 by his grandmother, during a power cut, from a pattern in a magazine. We changed the…",
      "lang" : "en"
    }
  }
]